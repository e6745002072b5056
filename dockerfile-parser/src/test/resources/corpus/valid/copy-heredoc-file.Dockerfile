FROM nginx:1.25-alpine
COPY <<EOF /usr/share/nginx/html/index.html
<!doctype html>
<title>hoist</title>
<p>Built at ${BUILD_DATE:-unknown}</p>
EOF
COPY --chmod=0755 <<"SCRIPT" /docker-entrypoint.d/40-hoist.sh
#!/bin/sh
echo "starting nginx for $HOSTNAME"
SCRIPT
