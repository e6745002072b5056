# A leading comment line makes every later "# name=value" an ordinary comment.
# escape=`

   # indented comment

FROM alpine:3.19
RUN echo "a # inside an instruction is not a comment" # nor is this
     
# final comment
