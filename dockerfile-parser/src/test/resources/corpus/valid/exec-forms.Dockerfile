FROM node:20-alpine
SHELL ["/bin/ash", "-eo", "pipefail", "-c"]
RUN ["npm", "config", "set", "fund", "false"]
VOLUME ["/data", "/cache"]
VOLUME /logs /tmp/spool
COPY ["package.json", "package-lock.json", "./"]
ENTRYPOINT ["docker-entrypoint.sh"]
CMD ["node", "server.js",]
CMD ['node', 'server.js']
CMD [ "node" , "server.js" ]
CMD []
