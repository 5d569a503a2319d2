# Builds Margin and runs it on a Java 17 runtime, as a user without privileges.
# Without MONGODB_URI the container uses the embedded store under /app/data; see docker-compose.yml
# for a MongoDB replica set.

# The build runs npm for the browser app (frontend/); Node.js is taken from its official image.
FROM node:20-bookworm-slim AS node

FROM maven:3.9-eclipse-temurin-17 AS build
COPY --from=node /usr/local/bin/node /usr/local/bin/node
COPY --from=node /usr/local/lib/node_modules /usr/local/lib/node_modules
RUN ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm
WORKDIR /build
COPY pom.xml .
COPY frontend ./frontend
COPY src ./src
# the class archive is recorded below, by the runtime image's own JVM (ADR 0014)
RUN mvn -B -DskipTests -Dmargin.extract.skip=true package

FROM eclipse-temurin:17-jre
RUN useradd --system --create-home --home-dir /app --shell /usr/sbin/nologin margin \
    && mkdir -p /app/data
WORKDIR /app
COPY --from=build /build/target/margin.jar /tmp/margin.jar
RUN java -Djarmode=tools -jar /tmp/margin.jar extract --destination /app/server \
    && rm /tmp/margin.jar \
    && java -XX:ArchiveClassesAtExit=/app/server/margin.jsa -Dspring.context.exit=onRefresh \
        -jar /app/server/margin.jar --margin.data-dir=/tmp/class-archive-run --margin.mongodb-uri= \
        --server.port=0 > /tmp/class-archive-run.log 2>&1 \
    && rm -rf /tmp/class-archive-run /tmp/class-archive-run.log \
    && chown -R margin:margin /app
USER margin
EXPOSE 8080
ENTRYPOINT ["java","-Xmx512m","-XX:SharedArchiveFile=/app/server/margin.jsa","-jar","/app/server/margin.jar"]
