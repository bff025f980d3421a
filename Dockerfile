# Multi-stage build of the five Backstream services. One build stage runs the Maven Wrapper; the runtime stage
# takes the shaded jar of the service named by the SERVICE build argument, e.g.
#   docker build --build-arg SERVICE=catalog-svc -t backstream/catalog-svc .
# docker-compose.yml builds every service this way.

FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY . .
# the cache mount keeps ~/.m2 between builds, so a code change does not download the dependencies again
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -DskipTests package

FROM eclipse-temurin:17-jre AS runtime
ARG SERVICE
# curl answers the health checks; tar and zstd let operators inspect archives inside the container
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl tar zstd \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /var/lib/backstream --create-home backstream
COPY --from=build /src/${SERVICE}/target/${SERVICE}.jar /opt/backstream/service.jar
USER backstream
WORKDIR /var/lib/backstream
# ParallelGC: the services move multi-MiB buffers, which G1 treats as humongous objects (a concurrent
# cycle each); throughput matters more here than pause times
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+UseParallelGC"
ENTRYPOINT ["java", "-jar", "/opt/backstream/service.jar"]
