# Thin aliases over ./mvnw and scripts/; the logic lives there, so CI and people run the same steps.
# Every target that starts an emulator talks to that one: GATEWAY_PORT (default 4566) picks the port, and
# `scripts/local-aws.sh endpoint` derives AWS_ENDPOINT_URL from it, overriding any value left in the shell.
SHELL := /bin/bash
.DEFAULT_GOAL := help
MVN := ./mvnw -B
JAVA := "$$(.mvn/find-jdk.sh)/bin/java"

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

build: ## Compile, unit-test and package every module (no emulator needed)
	$(MVN) -q verify

demo: ## The main job: deploy into the local emulator, replay an incident, print the report
	@echo "▶ building the jars (first time: a few minutes)"; t=$$SECONDS; $(MVN) -q package -DskipTests; echo "  built in $$((SECONDS - t)) s"
	@$(MAKE) --no-print-directory demo-run

demo-run: ## The demo on the jars already built (CI runs it after make test); exits 1 if it did not work
	@echo "▶ installing the pinned emulator (first time: about a minute)"; t=$$SECONDS; scripts/local-aws.sh install; echo "  ready in $$((SECONDS - t)) s"
	scripts/local-aws.sh start
	export AWS_ENDPOINT_URL="$$(scripts/local-aws.sh endpoint)"; status=0; $(JAVA) -cp "local/target/classes:$$(cat local/target/classpath.txt)" \
	  io.ecsmedic.local.Demo . || status=$$?; scripts/local-aws.sh stop; exit $$status

try: ## Like demo, but leaves the emulator running with the stack and a seeded estate to explore by hand
	@echo "▶ building the jars (first time: a few minutes)"; t=$$SECONDS; $(MVN) -q package -DskipTests; echo "  built in $$((SECONDS - t)) s"
	@echo "▶ installing the pinned emulator (first time: about a minute)"; t=$$SECONDS; scripts/local-aws.sh install; echo "  ready in $$((SECONDS - t)) s"
	scripts/local-aws.sh start
	export AWS_ENDPOINT_URL="$$(scripts/local-aws.sh endpoint)"; $(JAVA) -cp "local/target/classes:$$(cat local/target/classpath.txt)" \
	  io.ecsmedic.local.Demo . --keep

test: ## Every test: static checks, unit, CLI and end-to-end against the local emulator (IAM enforced), then docs/iam.md
	scripts/local-aws.sh install
	scripts/check-templates.sh
	rm -rf local/target/iam-calls
	scripts/local-aws.sh start
	export AWS_ENDPOINT_URL="$$(scripts/local-aws.sh endpoint)"; status=0; $(MVN) verify -Pe2e || status=$$?; scripts/local-aws.sh stop; exit $$status
	$(MAKE) --no-print-directory iam-report

iam-report: ## Write docs/iam.md from the last make test's recorded calls; fails on a call without a grant
	$(JAVA) -cp "local/target/classes:$$(cat local/target/classpath.txt)" io.ecsmedic.local.iam.IamReport .

check: ## Static checks of template.yaml and the state machines (cfn-lint, asl-validator)
	scripts/local-aws.sh install
	scripts/check-templates.sh

diagnose: ## Diagnose the bundled incident scenario with the CLI (no emulator)
	$(MVN) -q package -DskipTests -pl cli -am
	$(JAVA) -jar cli/target/ecs-medic.jar diagnose events/scenario/incident.jsonl

bench: ## JMH benchmark of the classifier (see docs/performance.md)
	$(MVN) -q package -DskipTests -pl benchmarks -am
	$(JAVA) -jar benchmarks/target/benchmarks.jar -p events=$$PWD/events

bench-triage: ## Triage events/s and PutEvents→alert latency in the local emulator (ARGS="--rate 40"; docs/performance.md)
	$(MVN) -q package -DskipTests
	scripts/local-aws.sh install
	export AWS_ENDPOINT_URL="$$(scripts/local-aws.sh endpoint)"; \
	trap 'scripts/local-aws.sh stop' EXIT; scripts/local-aws.sh start && \
	$(JAVA) -cp "local/target/classes:$$(cat local/target/classpath.txt)" \
	  io.ecsmedic.local.TriageBenchmark . $(ARGS)

bench-ecr: ## ECR hygiene dry run over a large registry in a fresh emulator (ARGS="repos images")
	$(MVN) -q package -DskipTests
	scripts/local-aws.sh install
	scripts/local-aws.sh start
	export AWS_ENDPOINT_URL="$$(scripts/local-aws.sh endpoint)"; status=0; $(JAVA) -cp "local/target/classes:$$(cat local/target/classpath.txt)" \
	  io.ecsmedic.local.EcrHygieneBenchmark $(ARGS) || status=$$?; scripts/local-aws.sh stop; exit $$status

deploy: ## Build the jars and deploy to AWS with SAM: guided the first time, samconfig.toml after (ENV=, GUIDED=1; docs/deploy.md)
	$(MVN) -q package -DskipTests
	@env="$${ENV:-default}"; \
	if [[ -n "$(GUIDED)" ]] || ! grep -qE '^stack_name *=' <(sed -n "/^\[$$env\.deploy\.parameters\]/,/^\[/p" samconfig.toml); then \
	  echo "▶ first deploy of config env '$$env': sam deploy --guided (answers are saved to samconfig.toml)"; \
	  scripts/sam-cli.sh deploy --guided --config-env "$$env" --template-file template.yaml; \
	else \
	  scripts/sam-cli.sh deploy --config-env "$$env" --template-file template.yaml; \
	fi

lint: ## sam validate --lint and the static checks of `make check` (installs the pinned SAM CLI in .venv-sam)
	scripts/sam-cli.sh validate --lint --region us-east-1
	scripts/local-aws.sh install
	scripts/check-templates.sh

bench-cold: ## Cold start of every function, fresh JVM → first result, JVM defaults vs the template's flags (ARGS="--runs 6")
	$(MVN) -q package -DskipTests
	scripts/local-aws.sh install
	export AWS_ENDPOINT_URL="$$(scripts/local-aws.sh endpoint)"; \
	trap 'scripts/local-aws.sh stop' EXIT; scripts/local-aws.sh start && \
	$(JAVA) -cp "local/target/classes:$$(cat local/target/classpath.txt)" \
	  io.ecsmedic.local.ColdStartBenchmark . $(ARGS)

bench-exec-checker: ## exec-check vs amazon-ecs-exec-checker on one emulated estate, IAM not enforced (CHECKER=path/to/check-ecs-exec.sh)
	$(MVN) -q package -DskipTests
	scripts/local-aws.sh install
	export AWS_ENDPOINT_URL="$$(scripts/local-aws.sh endpoint)"; \
	trap 'scripts/local-aws.sh stop' EXIT; MINISTACK_AUTH=false scripts/local-aws.sh start && scripts/bench-exec-checker.sh

fmt: ## Format the Java sources
	$(MVN) -q spotless:apply

emulator-start: ## Start the local AWS emulator (MiniStack on 127.0.0.1:$GATEWAY_PORT, default 4566)
	scripts/local-aws.sh install
	scripts/local-aws.sh start

emulator-stop: ## Stop the one this checkout started on $GATEWAY_PORT
	scripts/local-aws.sh stop

.PHONY: help build demo demo-run try test iam-report check diagnose bench bench-triage bench-ecr bench-cold bench-exec-checker fmt emulator-start emulator-stop deploy lint
