"""Runs SAM's own translator (aws-sam-translator, the library behind CloudFormation's
AWS::Serverless-2016-10-31 transform) offline, for infra's SamTransformTest.

Reads from stdin {"scenarios": {name: {"template": <SAM template as JSON>, "parameters": {name: value}}}}
and writes to stdout {"transformed": {name: <CloudFormation template>}, "createOnly": {type: [...]}},
where createOnly lists, from the resource schemas cfn-lint ships (AWS's registry schemas), the
properties whose change makes CloudFormation replace a resource. Exit code 3 means a module is missing.
"""
import json
import sys

try:
    from samtranslator.translator.transform import transform
    from cfnlint.schema.manager import PROVIDER_SCHEMA_MANAGER
except ImportError as e:
    print(f"missing python module: {e.name}", file=sys.stderr)
    sys.exit(3)


class NoManagedPolicies:
    """The template's roles are explicit; a transform that needs IAM's list of managed policies
    (which would take a call to AWS) is a change this check should report, not guess at."""

    def load(self):
        raise RuntimeError("the transform asked for AWS managed policies, which this offline check does not have")


def main():
    request = json.load(sys.stdin)
    transformed = {}
    for name, scenario in request["scenarios"].items():
        transformed[name] = transform(scenario["template"], scenario["parameters"], NoManagedPolicies())
    create_only = {}
    for resource_type in request.get("createOnlyOf", []):
        schema = PROVIDER_SCHEMA_MANAGER.get_resource_schema("us-east-1", resource_type)
        create_only[resource_type] = schema.schema.get("createOnlyProperties", [])
    json.dump({"transformed": transformed, "createOnly": create_only}, sys.stdout)


if __name__ == "__main__":
    main()
