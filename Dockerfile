# Images for Taskforge's own processes, built from source in one multi-stage file:
#   docker build --target app        -t taskforge-app .         # the API (and a CPU worker)
#   docker build --target gpu-worker -t taskforge-gpu-worker .  # one per GPU host
# docker-compose.yml builds both. The build needs Maven Central; the images need no network.

FROM eclipse-temurin:21-jdk AS build
WORKDIR /src
# The wrapper and poms first, so the dependency layer is cached until a pom changes.
COPY mvnw pom.xml ./
COPY .mvn .mvn
COPY workflows/pom.xml workflows/
COPY activities/pom.xml activities/
COPY gpu-worker/pom.xml gpu-worker/
COPY app/pom.xml app/
RUN ./mvnw -B -q dependency:go-offline -DexcludeReactor=true || true
COPY . .
RUN ./mvnw -B -q -DskipTests -Dspotless.check.skip=true package

FROM eclipse-temurin:21-jre AS app
RUN useradd --system --uid 10001 --home-dir /app taskforge \
    && mkdir -p /data/artifacts && chown -R taskforge /data
WORKDIR /app
COPY --from=build /src/app/target/taskforge-app.jar app.jar
USER taskforge
ENV TASKFORGE_ARTIFACTS_DIR=/data/artifacts \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75"
EXPOSE 8080
# Ready once it reaches Temporal (readiness includes it). bash, not sh: /dev/tcp is bash's.
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8080 && printf 'GET /actuator/health/readiness HTTP/1.0\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]
ENTRYPOINT ["java", "-jar", "/app/app.jar"]

# The gpu-worker runs process runners (python3 scripts) and the openai runner. The NVIDIA
# container runtime mounts nvidia-smi and the driver when the container reserves a GPU; for your
# own model scripts, build FROM this image and add CUDA/PyTorch, or point the openai runner at an
# inference server (vLLM, TGI) running beside it.
FROM eclipse-temurin:21-jre AS gpu-worker
RUN apt-get update \
    && apt-get install -y --no-install-recommends python3 \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home-dir /app taskforge \
    && mkdir -p /data/artifacts /data/gpu-work && chown -R taskforge /data
WORKDIR /app
COPY --from=build /src/gpu-worker/target/taskforge-gpu-worker.jar gpu-worker.jar
COPY scripts/gpu scripts/gpu
USER taskforge
ENV TASKFORGE_ARTIFACTS_DIR=/data/artifacts \
    TASKFORGE_GPU_WORKDIR=/data/gpu-work \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75"
EXPOSE 9091
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/9091 && printf 'GET /actuator/health/readiness HTTP/1.0\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]
ENTRYPOINT ["java", "-jar", "/app/gpu-worker.jar"]
