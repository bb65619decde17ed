#!/usr/bin/env bash
# Installs the tools, starts CongoDB and the SES emulator on 127.0.0.1, checks both,
# and stops them again. Exit code 0 means the tool setup works on this machine.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
"$here/install.sh"
# shellcheck source=lib.sh
source "$here/lib.sh"

logs="$(mktemp -d)"
CONGODB_PID="" SES_EMULATOR_PID=""
cleanup() {
  stop_pid "$SES_EMULATOR_PID"
  stop_pid "$CONGODB_PID"
  rm -rf "$logs"
}
trap cleanup EXIT

echo "buf $("$here/node_modules/.bin/buf" --version)"
start_congodb "$logs"
# A minimal account so GetAccount answers 200 (without it the emulator returns 400).
AWS_SES_ACCOUNT='{"DedicatedIpAutoWarmupEnabled":false,"Details":{"AdditionalContactEmailAddresses":[],"ContactLanguage":"EN","MailType":"MARKETING","ReviewDetails":{"CaseId":"selftest","Status":"GRANTED"},"UseCaseDescription":"selftest","WebsiteURL":"http://localhost"},"EnforcementStatus":"HEALTHY","ProductionAccessEnabled":true,"SendingEnabled":true,"SendQuota":{"Max24HourSend":50000,"MaxSendRate":14,"SentLast24Hours":0},"SuppressionAttributes":{"SuppressedReasons":[]}}' \
  start_ses_emulator 0 "$logs"

node "$here/selftest.mjs"
echo "selftest: OK"
