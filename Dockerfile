# syntax=docker/dockerfile:1
# The MediCare Hub API image: one image, three services (SERVICES=patients|appointments|core|all at run time).
# Build stage compiles TypeScript and the web app; the runtime stage holds production dependencies and the
# built output only, runs as UID 1001 and keeps no secrets: configuration comes from the environment.
# The base is the current Node LTS by exact tag (delivery/package.json pins the same Node for the image test).

FROM node:26.10.0-trixie-slim AS build
WORKDIR /app
# Manifests first, so the dependency layer is reused until a package.json or the lockfile changes. Every
# workspace's manifest is copied because npm ci checks the whole lockfile against them.
COPY package.json package-lock.json .npmrc ./
COPY packages/contracts/package.json packages/contracts/
COPY apps/api/package.json apps/api/
COPY apps/web/package.json apps/web/
COPY infra/package.json infra/
COPY delivery/package.json delivery/
RUN npm ci --ignore-scripts --no-audit --no-fund --include-workspace-root \
      -w @medicare/contracts -w @medicare/api -w @medicare/web
COPY tsconfig.base.json ./
COPY packages/contracts packages/contracts
COPY apps/api apps/api
COPY apps/web apps/web
RUN npm run build

FROM node:26.10.0-trixie-slim AS runtime
ENV NODE_ENV=production \
    PORT=3000 \
    HOST=0.0.0.0 \
    SERVICES=all \
    DATA_DIR=/tmp/data \
    LOG_LEVEL=info
WORKDIR /app
RUN groupadd --gid 1001 medicare \
 && useradd --uid 1001 --gid 1001 --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin medicare
COPY package.json package-lock.json .npmrc ./
COPY packages/contracts/package.json packages/contracts/
COPY apps/api/package.json apps/api/
COPY apps/web/package.json apps/web/
COPY infra/package.json infra/
COPY delivery/package.json delivery/
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund -w @medicare/api -w @medicare/contracts \
 && npm cache clean --force
COPY --from=build /app/packages/contracts/dist packages/contracts/dist
COPY --from=build /app/apps/api/dist apps/api/dist
COPY --from=build /app/apps/api/drizzle apps/api/drizzle
COPY --from=build /app/apps/web/dist apps/web/dist
# Files stay owned by root and read-only to the app; it writes only under DATA_DIR (/tmp).
USER 1001:1001
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
STOPSIGNAL SIGTERM
CMD ["node", "apps/api/dist/server.js"]
