#!/usr/bin/env bash
# Makes docs/report.png, the report shown in the README: ReportCommandTest runs a job with crashes, a
# failed attempt and a straggler rescued by a backup on the local cloud, writes its report with
# `grist report`, and has headless Chromium (apt-get install -y chromium) take its picture.
set -euo pipefail
cd "$(dirname "$0")/.."
rm -f local/cli/target/report-screenshot.png
mvn -q -pl local/cli -am test -Dtest=ReportCommandTest -Dsurefire.failIfNoSpecifiedTests=false
if [ ! -f local/cli/target/report-screenshot.png ]; then
  echo "no screenshot: is chromium installed? (the browser test was skipped)" >&2
  exit 1
fi
cp local/cli/target/report-screenshot.png docs/report.png
echo "docs/report.png updated"
