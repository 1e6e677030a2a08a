# One image recipe for every Gantry service; docker-compose.yml picks the service with the SERVICE build arg.
# It packages the jar the Maven build already made, so build first: ./mvnw -B -ntp package -DskipTests
FROM eclipse-temurin:17-jre
ARG SERVICE
RUN test -n "$SERVICE" || (echo "build arg SERVICE is required, e.g. --build-arg SERVICE=xds-service" >&2; exit 1)
RUN groupadd --system gantry && useradd --system --gid gantry --home-dir /app gantry
WORKDIR /app
COPY ${SERVICE}/target/${SERVICE}-0.1.0-SNAPSHOT-exec.jar /app/service.jar
USER gantry
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
ENTRYPOINT ["java", "-jar", "/app/service.jar"]
