# syntax=docker/dockerfile:1
# Custody's container: build with the dev dependencies, run the production install as a
# non-root user. The same path is checked without Docker by `npm run check:package`.

FROM node:20.20-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
# No scripts yet: `prepare` would build before the sources are copied.
RUN npm ci --no-audit --no-fund --ignore-scripts
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
# The tarball npm would publish: dist, app.yml, schemas, examples (no tests, no simulator).
COPY app.yml README.md LICENSE SECURITY.md .env.example ./
COPY schema ./schema
COPY examples ./examples
RUN npm pack --silent --pack-destination /tmp && mv /tmp/custody-*.tgz /tmp/custody.tgz

FROM node:20.20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000
WORKDIR /app
COPY --from=build /tmp/custody.tgz /tmp/custody.tgz
RUN echo '{ "private": true }' > package.json \
 && npm install --omit=dev --no-audit --no-fund /tmp/custody.tgz \
 && npm cache clean --force \
 && rm /tmp/custody.tgz
# The `node` user (uid 1000) ships with the image: never run as root.
USER node
EXPOSE 3000
# Readiness, not just liveness: not ready while starting or draining after SIGTERM.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/readyz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# exec form: SIGTERM reaches Custody, which drains in-flight evaluations before exiting.
CMD ["node", "node_modules/custody/dist/main.js"]
