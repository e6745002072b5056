FROM ubuntu:24.04
MAINTAINER Hoist Maintainers <maintainers@example.invalid>
USER 1000:1000
WORKDIR /home/ubuntu/work
STOPSIGNAL SIGQUIT
EXPOSE 8080 8443/tcp 5353/udp
VOLUME /home/ubuntu/data
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
RUN set -x; echo "$0"
