FROM alpine:3.19
RUN echo '<<EOF is quoted, not a heredoc'
RUN ["sh", "-c", "cat <<EOF"]
RUN echo a<<b
RUN echo "x" > /tmp/x
