FROM alpine:3.19 AS build
FROM alpine:3.19
COPY --form=build /out /app
