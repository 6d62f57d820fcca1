package io.taskforge.app.security;

import io.taskforge.app.web.Blocking;
import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code /api/v1/admin/api-keys}: make, list and revoke API keys. Admin role only (the security
 * chain answers 403 to others).
 */
@RestController
@RequestMapping("/api/v1/admin/api-keys")
public class ApiKeyController {
  private final ApiKeyAdmin admin;
  private final Blocking blocking;

  public ApiKeyController(ApiKeyAdmin admin, Blocking blocking) {
    this.admin = admin;
    this.blocking = blocking;
  }

  /** 201 with the key's secret, shown this once. */
  @PostMapping
  public Mono<ResponseEntity<ApiKeyViews.CreatedKey>> create(
      @RequestBody ApiKeyViews.CreateRequest request) {
    return Tenancy.caller()
        .flatMap(caller -> blocking.call(() -> admin.create(caller, request)))
        .map(
            created ->
                ResponseEntity.status(HttpStatus.CREATED)
                    .location(
                        URI.create(
                            "/api/v1/admin/api-keys/"
                                + created.id()
                                + "?tenant="
                                + created.tenant()))
                    .header("Cache-Control", "no-store")
                    .body(created));
  }

  @GetMapping
  public Mono<ApiKeyViews.KeyList> list(@RequestParam(required = false) String tenant) {
    return blocking.call(() -> admin.list(tenant));
  }

  /**
   * 204; a revoked key is refused at once here, and within the key refresh elsewhere. Key ids are
   * unique within a tenant: {@code tenant} names it, and may be left out while only one tenant has
   * a key of that id.
   */
  @DeleteMapping("/{id}")
  public Mono<ResponseEntity<Void>> revoke(
      @PathVariable String id, @RequestParam(required = false) String tenant) {
    return Tenancy.caller()
        .flatMap(caller -> blocking.run(() -> admin.revoke(caller, id, tenant)))
        .then(Mono.just(ResponseEntity.noContent().build()));
  }
}
