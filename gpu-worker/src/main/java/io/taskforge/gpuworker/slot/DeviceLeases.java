package io.taskforge.gpuworker.slot;

import io.temporal.activity.ActivityInfo;
import java.util.Optional;

/** Which device slot a running activity holds. */
public interface DeviceLeases {
  /** The lease of the activity; empty if it was taken without a free device slot. */
  Optional<DeviceLease> leaseOf(ActivityInfo activity);

  /** Keeps the activity's device out of use for a moment after it ends (OOM, dead server). */
  void restAfterFailure(ActivityInfo activity);
}
