/**
 * Authentication, and the tenant every request acts for.
 *
 * <p><b>Credentials.</b> Every {@code /api/v1} request carries an API key ({@code X-API-Key: <key>}
 * or {@code Authorization: Bearer tf_...}) or, when an issuer or key is configured, a JWT bearer
 * token (Spring Security's resource server; the tenant comes from a claim). Keys are {@code tf_}
 * and 256 random bits; only their SHA-256 is stored anywhere, and a presented key is compared
 * against every known hash in constant time. Both kinds end up as a {@link
 * io.taskforge.app.security.Caller}: a tenant, a name, and whether it is an admin.
 *
 * <p><b>Where keys live.</b> Configured keys (and the development key) come from {@code
 * taskforge.security}. Keys made through {@code /api/v1/admin/api-keys} must outlive restarts and
 * be shared by every app instance, and Temporal is the one store (DESIGN decision 1), so they live
 * in one long-running workflow, {@code _taskforge/api-keys} ({@link
 * io.taskforge.workflows.apikey.ApiKeyRegistryWorkflow}). Alternatives weighed: a database or file
 * (a second store to run, back up and share); one workflow per key found through visibility (a new
 * search attribute, and visibility trails writes, so a new key would not work at once); Temporal
 * namespace metadata (not meant for this, and needs operator rights). The registry takes changes as
 * Updates (validated, answered once applied), mirrors its keys into its memo, and continues as new
 * before its history grows. The app reads the memo with a describe call, which needs no worker, so
 * checking keys keeps working while workers are down; changing keys needs a worker. Each instance
 * caches the keys ({@link io.taskforge.app.security.RegisteredApiKeys}): a key made anywhere works
 * everywhere at once (an unknown key triggers a re-read, at most once a second), and one revoked
 * elsewhere stops working here within {@code taskforge.security.key-refresh}.
 *
 * <p><b>Tenancy.</b> {@link io.taskforge.app.security.Tenancy} gives the caller's tenant and the
 * visibility clause, and checks ownership; see there.
 */
package io.taskforge.app.security;
