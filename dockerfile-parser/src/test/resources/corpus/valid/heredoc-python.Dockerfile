FROM python:3.12-alpine
WORKDIR /app
RUN python3 <<EOF
from pathlib import Path
Path("/app/version.txt").write_text("1.0.0\n")
for i in range(3):
    print("line", i)
EOF
RUN <<EOF python3 -
import json, os
print(json.dumps({"cwd": os.getcwd()}))
EOF
CMD ["python3", "-m", "http.server"]
