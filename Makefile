# Builds the functions' deployment package for `sam build`.
#
# template.yaml gives every function `Metadata: BuildMethod: makefile` and `CodeUri: .`, so for each
# function sam build runs `make build-<LogicalId>` here (in a scratch copy of this folder, or in this
# folder itself with `sam build --build-in-source`), with ARTIFACTS_DIR set to that function's build
# folder, .aws-sam/build/<LogicalId>. Whatever the target leaves in ARTIFACTS_DIR is the function's
# code: Lambda's Java runtime loads the jars in its lib/ folder. All four functions run the same
# code, so every target copies the same package.
#
# Needs JDK 17+ and Maven 3.8+. Tests are skipped here; run `mvn verify` for them.

MVN ?= mvn
PACKAGE := functions/lambda/target/gristmill-lambda

FUNCTIONS := CoordinatorFunction MapFunction ReduceFunction DeadLetterFunction

.PHONY: package lint artifacts-dir $(addprefix build-,$(FUNCTIONS))

# The package alone (target/gristmill-lambda/lib and target/gristmill-lambda.zip), without SAM.
package:
	$(MVN) -q -B -pl functions/lambda -am package -DskipTests

# AWS's linter on the template, as mvn verify runs it (CfnLintTest): needs `pip install cfn-lint`.
lint:
	cfn-lint template.yaml

artifacts-dir:
	@test -n "$(ARTIFACTS_DIR)" || { echo "ARTIFACTS_DIR is not set: sam build sets it (use 'make package' to build the package alone)" >&2; exit 2; }

$(addprefix build-,$(FUNCTIONS)): artifacts-dir package
	rm -rf "$(ARTIFACTS_DIR)/lib"
	mkdir -p "$(ARTIFACTS_DIR)/lib"
	cp $(PACKAGE)/lib/*.jar "$(ARTIFACTS_DIR)/lib/"
