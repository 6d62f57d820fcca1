package io.taskforge.app.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.test.context.TestPropertySource;

/**
 * Configured keys for tenants besides {@code default}, each with limits of its own, for the tenant
 * ITs (which share one application context through these same properties). Only the hashes are
 * configured, as in production; {@link Key} holds the keys themselves.
 *
 * <ul>
 *   <li>{@code acme}: no own limits; its key is not an admin.
 *   <li>{@code limited}: 1 request a second, bursts of 3.
 *   <li>{@code capped}: 2 open tasks at most.
 *   <li>{@code small}: 3 items per expansion at most.
 * </ul>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@TestPropertySource(
    properties = {
      "taskforge.security.api-keys[0].name=acme-ci",
      "taskforge.security.api-keys[0].tenant=acme",
      "taskforge.security.api-keys[0].sha256="
          + "7c3abbc808e4a958a0e92220ff7255a258a238115aebe9775e4c8455feebd5b7",
      "taskforge.security.api-keys[1].name=limited",
      "taskforge.security.api-keys[1].tenant=limited",
      "taskforge.security.api-keys[1].sha256="
          + "0f48159a973efa09d733429c3e692803cbeb4020ca0256e8013287cd8c0a1db2",
      "taskforge.security.api-keys[2].name=capped",
      "taskforge.security.api-keys[2].tenant=capped",
      "taskforge.security.api-keys[2].sha256="
          + "1380d6e69e0ea7776e5844959426a8632139e4646b297a61ebdd778c0e3342af",
      "taskforge.security.api-keys[3].name=small",
      "taskforge.security.api-keys[3].tenant=small",
      "taskforge.security.api-keys[3].sha256="
          + "b464f488739607f5a55d0606e4376ffe68400ea3a70129bee9446268d3f4f41f",
      "taskforge.tenants.overrides.limited.requests-per-second=1",
      "taskforge.tenants.overrides.limited.burst=3",
      "taskforge.tenants.overrides.capped.max-open-tasks=2",
      "taskforge.tenants.overrides.small.max-expansion-items=3"
    })
public @interface TestTenants {
  /** The keys whose hashes {@link TestTenants} configures. */
  final class Key {
    public static final String ACME = "tf_test_acme_key_0001";
    public static final String LIMITED = "tf_test_limited_key";
    public static final String CAPPED = "tf_test_capped_key";
    public static final String SMALL = "tf_test_small_key";

    private Key() {}
  }
}
