package io.taskforge.gpuworker;

import io.taskforge.workflows.TaskQueues;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The gpu-worker's configuration ({@code taskforge.gpu.*}).
 *
 * @param workerId names this worker and its queue {@code gpu@<workerId>}; default host-pid
 * @param mode AUTO (GPUs if nvidia-smi finds any, else CPU), GPU (fail without one), CPU
 * @param nvidiaSmi the nvidia-smi executable
 * @param devices GPU indices to use instead of discovering them (empty: discover)
 * @param slotsPerGpu activities one GPU runs at once
 * @param cpuSlots activities run at once in CPU mode
 * @param sharedQueue the queue every GPU worker polls
 * @param reportInterval how often the worker reports to the registry
 * @param unhealthyAfter the registry marks this worker unhealthy after this long without a report
 * @param warmModelTtl a served model counts as warm this long after its last use
 * @param failureCooldown a device rests this long after an OOM or a dead server, so that another
 *     worker takes the retry
 * @param workDir scratch folders of running processes
 * @param types each task type's runner: {@code types.<type>.runner} and its settings
 */
@ConfigurationProperties("taskforge.gpu")
public record GpuWorkerSettings(
    String workerId,
    @DefaultValue("AUTO") Mode mode,
    @DefaultValue("nvidia-smi") String nvidiaSmi,
    List<Integer> devices,
    @DefaultValue("1") int slotsPerGpu,
    @DefaultValue("1") int cpuSlots,
    @DefaultValue(TaskQueues.GPU) String sharedQueue,
    @DefaultValue("3s") Duration reportInterval,
    @DefaultValue("15s") Duration unhealthyAfter,
    @DefaultValue("30m") Duration warmModelTtl,
    @DefaultValue("5s") Duration failureCooldown,
    @DefaultValue(".data/gpu-work") String workDir,
    Map<String, TypeSettings> types) {

  public enum Mode {
    AUTO,
    GPU,
    CPU
  }

  public GpuWorkerSettings {
    devices = devices == null ? List.of() : List.copyOf(devices);
    types = types == null ? Map.of() : Map.copyOf(types);
    workerId = workerId == null || workerId.isBlank() ? defaultWorkerId() : safe(workerId);
    if (slotsPerGpu < 1 || cpuSlots < 1) {
      throw new IllegalArgumentException("slots-per-gpu and cpu-slots must be at least 1");
    }
  }

  /**
   * One task type's runner.
   *
   * @param runner the runner's name: {@code openai} or {@code process}
   * @param baseUrl openai: the server, e.g. {@code http://localhost:8000}
   * @param apiKey openai: sent as a bearer token when set
   * @param api openai: chat, images, speech or embeddings (default: from the task type)
   * @param model the model when the task names none
   * @param command process: the command and its arguments
   * @param env process: extra environment variables
   * @param timeout the longest one run may take before it is killed
   */
  public record TypeSettings(
      String runner,
      String baseUrl,
      String apiKey,
      String api,
      String model,
      List<String> command,
      Map<String, String> env,
      @DefaultValue("10m") Duration timeout) {
    public TypeSettings {
      command = command == null ? List.of() : List.copyOf(command);
      env = env == null ? Map.of() : Map.copyOf(env);
      timeout = timeout == null ? Duration.ofMinutes(10) : timeout;
    }
  }

  public String ownQueue() {
    return sharedQueue + "@" + workerId;
  }

  private static String defaultWorkerId() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      host = "host";
    }
    return safe(host + "-" + ProcessHandle.current().pid());
  }

  /** Queue names and log lines stay readable: letters, digits, dot, dash, underscore. */
  private static String safe(String id) {
    return id.replaceAll("[^A-Za-z0-9._-]", "-");
  }
}
