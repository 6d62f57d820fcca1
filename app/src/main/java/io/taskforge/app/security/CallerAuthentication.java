package io.taskforge.app.security;

import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * An authenticated {@link Caller}, however it authenticated: API keys and JWTs both end up as this,
 * so the rest of the app reads one kind of principal. Admins hold {@code ROLE_ADMIN}.
 */
public final class CallerAuthentication extends AbstractAuthenticationToken {
  public static final String ADMIN_ROLE = "ADMIN";

  private final Caller caller;

  public CallerAuthentication(Caller caller) {
    super(authorities(caller));
    this.caller = caller;
    setAuthenticated(true);
  }

  private static List<GrantedAuthority> authorities(Caller caller) {
    return caller.admin()
        ? List.of(new SimpleGrantedAuthority("ROLE_" + ADMIN_ROLE))
        : List.<GrantedAuthority>of();
  }

  @Override
  public Caller getPrincipal() {
    return caller;
  }

  /** Credentials are checked and dropped; none are kept. */
  @Override
  public Object getCredentials() {
    return "";
  }

  @Override
  public String getName() {
    return caller.name();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof CallerAuthentication that && caller.equals(that.caller);
  }

  @Override
  public int hashCode() {
    return caller.hashCode();
  }
}
