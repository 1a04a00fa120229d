# The README's two commands: `make run` and `make test`.
# The web front end is rebuilt only when its sources changed; npm never
# runs inside a Cargo build.

WEB_SOURCES := $(shell find web/src web/public web/proto proto/portal -type f 2>/dev/null) \
	web/index.html web/vite.config.ts web/tsconfig.json web/package.json web/buf.gen.yaml
WEB_INSTALLED := web/node_modules/.package-lock.json
WEB_BUILT := web/dist/index.html

.PHONY: run test check-layers test-rust test-web web

## Build the front end if needed, then run the gateway with both services
## in-process on SQLite and the demo accounts.
run: $(WEB_BUILT)
	cargo run --release -p gateway -- --demo

## The layering check, every Rust suite, then the web checks, component and
## browser tests. The front end is built first, so the gateway's build
## script sees it once.
test: $(WEB_BUILT) check-layers test-rust test-web

## No file imports up a layer (ARCHITECTURE.md, "Layers"), and each rule
## of the check is shown to refuse a violation.
check-layers:
	scripts/check-layers --self-test
	scripts/check-layers

test-rust:
	cargo test --workspace

test-web: $(WEB_BUILT)
	cargo build -p gateway
	cd web && npm run check-generated && npm run typecheck && npm run lint && npm test && npm run e2e

web: $(WEB_BUILT)

$(WEB_INSTALLED): web/package-lock.json
	cd web && npm ci --no-audit --no-fund
	@touch $@

$(WEB_BUILT): $(WEB_INSTALLED) $(WEB_SOURCES)
	cd web && npm run build
	@touch $@
