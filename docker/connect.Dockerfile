# Kafka Connect worker of partner-signals: Apache Kafka's image with three plugins on its plugin.path:
#   /opt/connect-plugins/partner-signals-crawler/      the crawler, the CDC transforms, the BI converter
#   /opt/connect-plugins/debezium-connector-postgres/  Debezium's PostgreSQL source (pgoutput)
#   /opt/connect-plugins/debezium-connector-jdbc/      Debezium's JDBC sink
# Build context: the repository root.
#   docker build -f docker/connect.Dockerfile -t partner-signals-connect .
# Runs connect-distributed.sh with /opt/connect/worker.properties (docker/connect-worker.properties;
# mount another file there for another environment).

ARG BUILD_IMAGE=maven:3.9.9-eclipse-temurin-17
ARG KAFKA_IMAGE=apache/kafka:4.3.1

# ---------------------------------------------------------------------------------------------
FROM ${BUILD_IMAGE} AS build
WORKDIR /src

# 1. Maven, plugins and dependencies: a layer rebuilt only when the wrapper or a POM changes.
COPY mvnw pom.xml ./
COPY .mvn/ .mvn/
COPY schemas/pom.xml schemas/
COPY registry/pom.xml registry/
COPY streams-app/pom.xml streams-app/
COPY connect-worker/pom.xml connect-worker/
COPY connectors/pom.xml connectors/
RUN chmod +x mvnw \
 && ./mvnw -B -q org.apache.maven.plugins:maven-dependency-plugin:3.8.1:go-offline

# 2. Our plugin (connectors/target/plugin/partner-signals-crawler/). streams-app is built too, because
#    the connectors' integration test uses it; mdep.skip and maven.antrun.skip skip the Apicurio download
#    and the test worker's class path.
COPY schemas/src/ schemas/src/
COPY registry/src/ registry/src/
COPY streams-app/src/ streams-app/src/
COPY examples/story/ examples/story/
COPY connectors/src/ connectors/src/
COPY connectors/README.md connectors/
RUN ./mvnw -B -q package -pl connectors -am -DskipTests -Dmdep.skip=true -Dmaven.antrun.skip=true \
 && mkdir -p /plugins \
 && cp -r connectors/target/plugin/partner-signals-crawler /plugins/

# 3. Debezium's plugin archives from Maven Central, the versions the integration test runs
ARG DEBEZIUM_POSTGRES_VERSION=3.6.1.Final
ARG DEBEZIUM_JDBC_VERSION=3.5.0.Final
RUN for a in "debezium-connector-postgres:${DEBEZIUM_POSTGRES_VERSION}" "debezium-connector-jdbc:${DEBEZIUM_JDBC_VERSION}"; do \
      ./mvnw -B -q -N org.apache.maven.plugins:maven-dependency-plugin:3.8.1:unpack \
        -Dartifact="io.debezium:${a%%:*}:${a#*:}:tar.gz:plugin" -DoutputDirectory=/plugins || exit 1; \
    done \
 && ls /plugins/debezium-connector-postgres /plugins/debezium-connector-jdbc >/dev/null

# ---------------------------------------------------------------------------------------------
FROM ${KAFKA_IMAGE}

COPY --from=build /plugins/ /opt/connect-plugins/
COPY docker/connect-worker.properties /opt/connect/worker.properties

# the REST API
EXPOSE 8083
ENTRYPOINT ["/opt/kafka/bin/connect-distributed.sh"]
CMD ["/opt/connect/worker.properties"]
