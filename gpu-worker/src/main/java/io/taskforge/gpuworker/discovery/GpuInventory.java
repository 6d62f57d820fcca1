package io.taskforge.gpuworker.discovery;

import io.taskforge.gpuworker.GpuWorkerSettings;
import io.taskforge.workflows.worker.WorkerMode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The devices this worker runs on, decided once at start: configured indices, else what nvidia-smi
 * finds, else (unless GPU mode was demanded) an explicit CPU mode with {@code cpu-slots} slots.
 */
public final class GpuInventory {
  private static final Logger log = LoggerFactory.getLogger(GpuInventory.class);

  private final WorkerMode mode;
  private final List<GpuDevice> devices;
  private final int slotsPerDevice;
  private final String reason;
  private final NvidiaSmi smi;

  GpuInventory(
      WorkerMode mode, List<GpuDevice> devices, int slotsPerDevice, String reason, NvidiaSmi smi) {
    this.mode = mode;
    this.devices = List.copyOf(devices);
    this.slotsPerDevice = slotsPerDevice;
    this.reason = reason;
    this.smi = smi;
  }

  public static GpuInventory discover(GpuWorkerSettings settings, NvidiaSmi smi) {
    if (settings.mode() == GpuWorkerSettings.Mode.CPU) {
      return cpu(settings, "CPU mode configured (taskforge.gpu.mode=cpu)", smi);
    }
    Optional<String> output = smi.query();
    NvidiaSmiParser.Result parsed = NvidiaSmiParser.parse(output.orElse(""));
    parsed.problems().forEach(problem -> log.warn("nvidia-smi output skipped: {}", problem));
    if (!settings.devices().isEmpty()) {
      Map<Integer, GpuDevice> found =
          parsed.devices().stream()
              .collect(Collectors.toMap(GpuDevice::index, Function.identity(), (a, b) -> a));
      List<GpuDevice> chosen =
          settings.devices().stream()
              .map(index -> found.getOrDefault(index, GpuDevice.configured(index)))
              .toList();
      return new GpuInventory(
          WorkerMode.GPU,
          chosen,
          settings.slotsPerGpu(),
          "devices configured (taskforge.gpu.devices=" + settings.devices() + ")",
          smi);
    }
    if (!parsed.devices().isEmpty()) {
      return new GpuInventory(
          WorkerMode.GPU, parsed.devices(), settings.slotsPerGpu(), "found by nvidia-smi", smi);
    }
    String why =
        output.isEmpty()
            ? settings.nvidiaSmi() + " is missing or failed"
            : settings.nvidiaSmi() + " listed no usable GPU";
    if (settings.mode() == GpuWorkerSettings.Mode.GPU) {
      throw new IllegalStateException("taskforge.gpu.mode=gpu but " + why);
    }
    return cpu(settings, "no GPU: " + why, smi);
  }

  private static GpuInventory cpu(GpuWorkerSettings settings, String reason, NvidiaSmi smi) {
    return new GpuInventory(WorkerMode.CPU, List.of(), settings.cpuSlots(), reason, smi);
  }

  public WorkerMode mode() {
    return mode;
  }

  /** The GPUs; empty in CPU mode. */
  public List<GpuDevice> devices() {
    return devices;
  }

  /** Slots per GPU, or all the slots in CPU mode. */
  public int slotsPerDevice() {
    return slotsPerDevice;
  }

  public String reason() {
    return reason;
  }

  public int totalSlots() {
    return mode == WorkerMode.CPU ? slotsPerDevice : devices.size() * slotsPerDevice;
  }

  /** The devices with fresh memory and utilisation figures, where nvidia-smi gives them. */
  public List<GpuDevice> measure() {
    if (mode == WorkerMode.CPU) {
      return List.of();
    }
    Map<Integer, GpuDevice> now =
        smi
            .query()
            .map(NvidiaSmiParser::parse)
            .map(NvidiaSmiParser.Result::devices)
            .orElse(List.of())
            .stream()
            .collect(Collectors.toMap(GpuDevice::index, Function.identity(), (a, b) -> a));
    return devices.stream().map(d -> now.getOrDefault(d.index(), d)).toList();
  }
}
