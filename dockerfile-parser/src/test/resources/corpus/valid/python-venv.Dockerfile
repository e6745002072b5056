FROM python:3.12-slim AS builder
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONDONTWRITEBYTECODE=1
RUN python3 -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
COPY requirements.txt /tmp/requirements.txt
RUN --mount=type=cache,target=/root/.cache/pip \
    pip install -r /tmp/requirements.txt
RUN python3 <<EOF
import sys
import compileall
print("python", sys.version.split()[0])
compileall.compile_dir("/opt/venv", quiet=1)
EOF

FROM python:3.12-slim
COPY --from=builder /opt/venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
WORKDIR /srv
COPY app/ ./app/
CMD ["gunicorn", "-b", "0.0.0.0:8000", "app.wsgi:application"]
