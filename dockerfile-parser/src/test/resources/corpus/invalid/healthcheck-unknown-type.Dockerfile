FROM nginx:1.25
HEALTHCHECK --interval=5s curl -f http://localhost/ || exit 1
