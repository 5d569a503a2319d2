# Builds Margin and runs it on a Java 17 runtime, as a user without privileges.
# Without MONGODB_URI the container uses the embedded store under /app/data; see docker-compose.yml
# for a MongoDB replica set.

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /build
COPY pom.xml .
COPY src ./src
RUN mvn -B -DskipTests package

FROM eclipse-temurin:17-jre
RUN useradd --system --create-home --home-dir /app --shell /usr/sbin/nologin margin \
    && mkdir -p /app/data \
    && chown -R margin:margin /app
WORKDIR /app
COPY --from=build --chown=margin:margin /build/target/margin.jar /app/margin.jar
USER margin
EXPOSE 8080
ENTRYPOINT ["java","-Xmx512m","-jar","/app/margin.jar"]
