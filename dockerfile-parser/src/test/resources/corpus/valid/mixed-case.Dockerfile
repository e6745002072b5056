from alpine:3.19 as Builder
Run echo lower and mixed case keywords
cOpY ./src /src
WorkDir /src
from builder AS final
Env KEY=value
entrypoint ["/bin/sh"]
