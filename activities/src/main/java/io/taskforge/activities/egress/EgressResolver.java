package io.taskforge.activities.egress;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/** Turns a host name into its addresses; the policy asks it once per connection. */
@FunctionalInterface
public interface EgressResolver {
  /** The system's resolver (hosts file, DNS), through the JDK's address cache. */
  EgressResolver SYSTEM = host -> List.of(InetAddress.getAllByName(host));

  /**
   * @param host a name, never a numeric host
   * @throws UnknownHostException when it has no address
   */
  List<InetAddress> resolve(String host) throws UnknownHostException;
}
