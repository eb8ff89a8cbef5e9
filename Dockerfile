# syntax=docker/dockerfile:1
# cosell in a container: built with the compiler and a C++ toolchain (better-sqlite3 is a native
# module, compiled here when no prebuilt binary fits), run on the slim image with production
# dependencies only, as the unprivileged `node` user. docs/deployment.md says how to run it.

FROM node:20-bookworm-slim AS build
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json .npmrc tsconfig.json tsconfig.build.json ./
COPY src ./src
# install without scripts (prepare would build once more), then better-sqlite3's own install
# step, the build, and the dev dependencies pruned away
RUN npm ci --ignore-scripts \
  && npm rebuild better-sqlite3 \
  && npm run build \
  && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=8080 \
    COSELL_DATA_DIR=/data
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
RUN mkdir /data && chown node:node /data
USER node
# the embedded database, when DATABASE_URL is not set
VOLUME /data
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT}/healthz`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# HOST=0.0.0.0 is not loopback: in emulator mode (the default) the server refuses to start until
# told COSELL_AUTH=verify or COSELL_ALLOW_INSECURE=1 (see docs/deployment.md)
CMD ["node", "dist/cli/main.js", "serve"]
