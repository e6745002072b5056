FROM node:20-alpine
WORKDIR /usr/src/app
ONBUILD ARG NPM_TOKEN
ONBUILD COPY package*.json ./
ONBUILD RUN --mount=type=cache,target=/root/.npm npm ci
ONBUILD COPY . .
ONBUILD RUN <<EOF
npm run build --if-present
EOF
ONBUILD HEALTHCHECK CMD ["node", "healthcheck.js"]
CMD ["npm", "start"]
