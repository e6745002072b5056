FROM nginx:1.25-alpine
COPY <<robots.txt <<humans.txt /usr/share/nginx/html/
User-agent: *
Disallow: /private/
robots.txt
Team: hoist
Site: https://example.invalid
humans.txt
RUN cat <<A > /tmp/a.txt && cat <<B > /tmp/b.txt
first file
A
second file
B
