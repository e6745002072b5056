FROM node:20-alpine
WORKDIR /app
CMD ["node", "server.js"] # start the API
ENTRYPOINT ["tini", "--"]   ;
RUN ["npm", "ci"] && echo trailing
