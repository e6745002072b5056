FROM alpine:3.19
RUN <<-EOF
	set -e
	if [ -f /etc/alpine-release ]; then
		echo "alpine $(cat /etc/alpine-release)"
	fi
	EOF
COPY <<-CONF /etc/hoist.conf
	[server]
		port = 8080
			CONF
CMD ["cat", "/etc/hoist.conf"]
