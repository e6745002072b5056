ARG JDK=17
FROM gradle:8.7-jdk${JDK} AS deps
WORKDIR /home/gradle/project
COPY build.gradle.kts settings.gradle.kts gradle.properties ./
RUN --mount=type=cache,target=/home/gradle/.gradle/caches gradle --no-daemon dependencies > /dev/null

FROM deps AS build
COPY src src
RUN --mount=type=cache,target=/home/gradle/.gradle/caches \
    gradle --no-daemon bootJar -x test

FROM deps AS test
COPY src src
RUN gradle --no-daemon test

FROM eclipse-temurin:${JDK}-jre
ENV APP_HOME /srv/app
ENV SPRING_PROFILES_ACTIVE=prod \
    SERVER_PORT=9000
WORKDIR $APP_HOME
COPY --from=build /home/gradle/project/build/libs/*.jar ./app.jar
EXPOSE ${SERVER_PORT}
CMD java -jar app.jar
