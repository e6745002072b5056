FROM alpine:3.19
ENV GREETING=hello
RUN <<'EOF'
echo "$GREETING stays literal here"
EOF
RUN <<"EOF"
echo "${GREETING} is not expanded either"
EOF
RUN <<EOF
echo "$GREETING is expanded"
EOF
RUN <<E"O"F
echo "partly quoted name"
EOF
