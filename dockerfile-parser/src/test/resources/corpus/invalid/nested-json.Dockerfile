FROM alpine:3.19
CMD ["a", ["b"]]
