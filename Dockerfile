# One Dockerfile for every firstsync service image (docs/deployment.md):
#
#   docker build --build-arg SERVICE=ingest -t ghcr.io/firstsync/ingest:<version> .
#
# SERVICE is a name of the service table (packages/service-runner/src/service-table.ts): ingest,
# fhir-mapper, delivery, dashboard, pharmacy-notify, outcomes or nhs-simulator. The build fails on any other.
# Both stages run the pinned Node.js (package.json firstsync.node) and build with the pinned pnpm
# (package.json packageManager); infra/deploy-check keeps this file in step with both and the table.

ARG SERVICE=ingest

# Only what `pnpm install` reads (manifests, lockfile, the patches of patchedDependencies), so the install layers below are rebuilt when a manifest or the
# lockfile changes, not on every source edit (COPY --from compares content).
FROM node:26.12.1-bookworm-slim AS manifests
WORKDIR /src
COPY . .
RUN mkdir /manifests \
 && find . -type f \( -name package.json -o -name pnpm-lock.yaml -o -name pnpm-workspace.yaml -o -name .npmrc -o -path './patches/*.patch' \) \
      -exec cp --parents {} /manifests/ \;

# The whole workspace installed (esbuild is a dev dependency) and the service bundled: its own code
# and the @firstsync/* packages it uses, with third-party packages imported from node_modules.
FROM node:26.12.1-bookworm-slim AS build
ARG SERVICE
ARG PNPM_VERSION=10.34.8
ENV COREPACK_ENABLE_STRICT=0 npm_config_update_notifier=false
WORKDIR /app
COPY --from=manifests /manifests/ ./
RUN --mount=type=cache,id=firstsync-pnpm-store,target=/root/.local/share/pnpm/store \
    npx --yes pnpm@${PNPM_VERSION} install --frozen-lockfile
COPY . .
RUN node infra/deploy-check/image/service-env.mjs "${SERVICE}" > /tmp/service-env.sh \
 && node packages/service-runner/src/bundle-service.ts "services/${SERVICE}" \
 && mkdir -p "/out/services/${SERVICE}" \
 && cp -r "services/${SERVICE}/dist" "services/${SERVICE}/package.json" "/out/services/${SERVICE}/" \
 && if [ -d "services/${SERVICE}/public" ]; then cp -r "services/${SERVICE}/public" "/out/services/${SERVICE}/"; fi \
 && cp /tmp/service-env.sh infra/deploy-check/image/docker-entrypoint.sh infra/deploy-check/image/verify-bundle.mjs /out/

# Production dependencies of this service alone. Installed at the same path (/app) from the same
# lockfile, so the bundle's absolute imports (node_modules/.pnpm/<pkg>@<version>/...) resolve here.
FROM node:26.12.1-bookworm-slim AS prod-deps
ARG SERVICE
ARG PNPM_VERSION=10.34.8
ENV COREPACK_ENABLE_STRICT=0 npm_config_update_notifier=false
WORKDIR /app
COPY --from=manifests /manifests/ ./
RUN --mount=type=cache,id=firstsync-pnpm-store,target=/root/.local/share/pnpm/store \
    npx --yes pnpm@${PNPM_VERSION} install --frozen-lockfile --prod --filter "@firstsync/${SERVICE}..."

# The image: the bundle, its production node_modules, no compiler, no pnpm, no source tree.
FROM node:26.12.1-bookworm-slim AS runtime
ARG SERVICE
ENV NODE_ENV=production \
    SERVICE=${SERVICE} \
    HOST=0.0.0.0
WORKDIR /app
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=prod-deps /app/services/${SERVICE}/node_modules ./services/${SERVICE}/node_modules
COPY --from=build /out/services/ ./services/
COPY --from=build /out/service-env.sh /out/docker-entrypoint.sh /out/verify-bundle.mjs ./
# Fails the build when an import of the bundle is missing from the production install.
RUN node verify-bundle.mjs "services/${SERVICE}/dist/main.mjs" \
 && chmod 0555 docker-entrypoint.sh \
 && groupadd --system --gid 10001 firstsync \
 && useradd --system --uid 10001 --gid firstsync --no-create-home --shell /usr/sbin/nologin firstsync
# Numeric, so Kubernetes' runAsNonRoot can check it; the files stay root-owned and read-only to it.
USER 10001:10001
# The entrypoint applies the service's node flags (NODE_FLAGS from heapFlags), the glibc
# malloc settings and its port from service-env.sh, each only when not already set.
ENTRYPOINT ["/app/docker-entrypoint.sh"]
CMD []
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
  CMD ["/app/docker-entrypoint.sh", "node", "-e", "fetch('http://127.0.0.1:' + process.env.PORT + '/health/ready').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
