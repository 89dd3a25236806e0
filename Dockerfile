# onevisit — one image for the three processes (migrate, worker, api).
#
#   docker build -t onevisit .
#   docker run --rm -v onevisit-data:/data onevisit npx tsx scripts/migrate.ts
#   docker run -d  -v onevisit-data:/data -e TEMPORAL_ADDRESS=temporal:7233 onevisit npx tsx scripts/worker.ts
#   docker run -d  -v onevisit-data:/data -p 3000:3000 onevisit            # API (default CMD)
#
# Works with the classic builder and BuildKit alike (no RUN --mount).

ARG NODE_IMAGE=node:20-bookworm-slim

# ---------------------------------------------------------------------------
# base: Node 20 + npm 11 (package.json "allowScripts" is an npm 11 feature;
# npm 10 would ignore it). Shared by both stages so `npx` in the runtime image
# is the same npm that installed the tree.
# ---------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS base
ARG NPM_VERSION=11
ENV NPM_CONFIG_UPDATE_NOTIFIER=false \
    NPM_CONFIG_FUND=false \
    NPM_CONFIG_AUDIT=false
RUN npm install -g "npm@${NPM_VERSION}" \
 && npm cache clean --force \
 && npm --version

# ---------------------------------------------------------------------------
# build: install dependencies (compiles better-sqlite3) and generate the
# Prisma client.
# ---------------------------------------------------------------------------
FROM base AS build

# Toolchain for node-gyp (better-sqlite3 is the only approved install script).
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app

# - nodedir: compile against the headers shipped in the image (/usr/local/include/node)
#   instead of downloading them from nodejs.org.
# - build_from_source: skip prebuild-install's GitHub download; compile with node-gyp.
#   Together they make the build need nothing but the npm registry and Debian mirrors.
# - CHECKPOINT_DISABLE / PRISMA_HIDE_UPDATE_MESSAGE: no Prisma telemetry/update calls.
ENV npm_config_nodedir=/usr/local \
    npm_config_build_from_source=true \
    CHECKPOINT_DISABLE=1 \
    PRISMA_HIDE_UPDATE_MESSAGE=1

# Everything `npm ci` needs, including what the root `postinstall` reads
# (`prisma generate` -> generated/prisma, and the PostgreSQL variant ->
# generated/prisma-postgresql).
COPY package.json package-lock.json prisma.config.ts ./
COPY prisma ./prisma
COPY scripts/postgresql-schema.ts scripts/build-web.ts ./scripts/

# DATABASE_URL is only a placeholder so prisma.config.ts / env("DATABASE_URL")
# resolve during `prisma generate`; no database is created at build time.
RUN DATABASE_URL="file:/tmp/build.db" npm ci \
 && test -d generated/prisma && test -d generated/prisma-postgresql \
 && node -e "require('better-sqlite3')(':memory:').prepare('select 1').get()" \
 && npm cache clean --force

# Application sources (run directly by tsx; no compile step).
COPY tsconfig.json ./
COPY domain ./domain
COPY contracts ./contracts
COPY db ./db
COPY documents ./documents
COPY workflows ./workflows
COPY activities ./activities
COPY api ./api
COPY scripts ./scripts
# The workbench (web/): its build tools are devDependencies, so it is built before the prune;
# during `npm ci` above its sources were not there yet and postinstall skipped it.
COPY web ./web
RUN npm run build:web && test -f web/dist/index.html

# Drop devDependencies (jest, ts-jest, typescript, @types/*). Runtime needs
# tsx, prisma (CLI for migrate deploy), the Temporal SDK and the generated client,
# all of which are regular dependencies. `prune` runs no install scripts.
RUN npm prune --omit=dev \
 && npm cache clean --force

# ---------------------------------------------------------------------------
# runtime: no compilers, non-root.
# ---------------------------------------------------------------------------
FROM base AS runtime

ENV NODE_ENV=production \
    PORT=3000 \
    DATABASE_URL=file:/data/onevisit.db \
    TEMPORAL_ADDRESS=localhost:7233 \
    TEMPORAL_NAMESPACE=default \
    TEMPORAL_TASK_QUEUE=onevisit \
    CHECKPOINT_DISABLE=1 \
    PRISMA_HIDE_UPDATE_MESSAGE=1

WORKDIR /app

# App files stay root-owned (read-only for the app user); only /data is writable.
COPY --from=build /app /app

RUN mkdir -p /data && chown node:node /data
VOLUME ["/data"]

USER node

EXPOSE 3000

# Default process: the API. Override with
#   npx tsx scripts/migrate.ts   (apply migrations + seed catalog, then exit)
#   npx tsx scripts/worker.ts    (Temporal worker)
CMD ["npx", "tsx", "scripts/api.ts"]
