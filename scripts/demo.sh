#!/usr/bin/env bash
# Drives one joint inspection through the API from schedule to CLOSED (its finding filed as a
# case and the case closed), as the README shows.
# Run while `npm start` is up:  bash scripts/demo.sh   (API=http://host:port/api to override)
# Needs only curl and node (node parses the JSON).
set -euo pipefail
cd "$(dirname "$0")/.."
API=${API:-http://localhost:3000/api}
CRED=${ONEVISIT_DATA_DIR:-.data}/demo-credentials.json

json() { node -e "let s='';process.stdin.on('data',d=>s+=d).on('end',()=>{const j=JSON.parse(s);console.log((${1})(j))})"; }
cred() { json "j => j.users.find(u => u.key === '$1').$2" < "$CRED"; }
call() { # method path token [body]
  curl -sS -X "$1" "$API$2" -H "Authorization: Bearer $3" -H 'Content-Type: application/json' ${4:+-d "$4"}
}
wait_status() {
  for _ in $(seq 1 50); do
    s=$(call GET "/inspections/$ID" "$COORD" | json 'j => j.inspection ? j.inspection.status : ""')
    [ "$s" = "$1" ] && return 0
    sleep 0.2
  done
  echo "inspection did not reach $1 (now: $s)" >&2; exit 1
}

COORD=$(cred coordinator-2 token); MARKET=$(cred market-1 token); FIRE=$(cred fire-1 token)
REVIEWER=$(cred reviewer-1 token); LEADER=$(cred leader-1 token)
MARKET_ID=$(cred market-1 officerId); FIRE_ID=$(cred fire-1 officerId)
TARGET=$(call GET '/targets?scenarioCode=RESTAURANT' "$COORD" | json 'j => j[0].id')
TODAY=$(TZ=Asia/Shanghai date +%F)

echo "1. 排期：餐饮店联合检查（市场监管 + 消防），$TODAY"
ID=$(call POST /inspections "$COORD" "{\"targetId\":\"$TARGET\",\"scenarioCode\":\"RESTAURANT\",\"scheduledFor\":\"$TODAY\",
  \"departments\":[{\"code\":\"MARKET\"},{\"code\":\"FIRE\"}],
  \"team\":[{\"officerId\":\"$MARKET_ID\",\"isLead\":true},{\"officerId\":\"$FIRE_ID\"}]}" | json 'j => j.id')
echo "   inspection $ID"; wait_status SCHEDULED

echo "2. 现场签到（两名持证执法人员，两个部门均到场）"
call POST "/inspections/$ID/check-in" "$MARKET" "{\"officerIds\":[\"$MARKET_ID\",\"$FIRE_ID\"]}" | json 'j => "   " + j.status'

# Results for a department's assigned items: compliant (measured items at a value within the
# limit), except the first item when a proposal is given.
results() { # department proposal
  call GET /catalog/scenarios "$COORD" | json "j => {
    const items = j.find(s => s.code === 'RESTAURANT').items.filter(i => i.departmentCode === '$1');
    return JSON.stringify({ results: items.map((i, n) => {
      const m = i.measurement;
      const value = m.kind === 'NUMERIC'
        ? (Math.max(m.validMin, m.limitMin ?? m.validMin) + Math.min(m.validMax, m.limitMax ?? m.validMax)) / 2 : undefined;
      if (n === 0 && '$2') return { itemCode: i.code, outcome: 'NON_COMPLIANT', proposedAction: '$2',
        note: '后厨冷藏柜内发现超过保质期的食品，已拍照取证', evidence: ['IMG_0001.jpg'],
        ...(m.kind === 'NUMERIC' ? { measuredValue: m.limitMax !== undefined ? Math.min(m.validMax, m.limitMax + 2) : Math.max(m.validMin, m.limitMin - 1) } : {}) };
      return { itemCode: i.code, outcome: 'COMPLIANT', ...(value !== undefined ? { measuredValue: value, unit: m.unit } : {}) };
    }) });
  }"
}

echo "3. 各部门提交检查结果（市场监管发现一项问题并建议处罚）"
call PUT "/inspections/$ID/checks/MARKET" "$MARKET" "$(results MARKET PENALTY)" | json 'j => "   MARKET → " + j.status'
call PUT "/inspections/$ID/checks/FIRE" "$FIRE" "$(results FIRE '')" | json 'j => "   FIRE → " + j.status'
wait_status IN_LEGAL_REVIEW

echo "4. 法制审核通过"
call POST "/inspections/$ID/legal-review" "$REVIEWER" '{"decision":"APPROVED","opinion":"事实清楚，证据确凿，适用依据正确，程序合法，同意处罚建议"}' \
  | json 'j => "   review: " + j.review.status'
wait_status FOLLOW_UP
echo "5. 问题处理中：处罚建议经审核同意，该问题立案查处（调查、处罚建议、法制审核、事先告知、决定、送达、缴款、结案）"
FINDING=$(call GET "/inspections/$ID" "$COORD" | json 'j => j.inspection.findings[0].id')
MARKET2_ID=$(cred market-2 officerId)
CASE=$(call POST /cases "$MARKET" "{\"inspectionId\":\"$ID\",\"findingId\":\"$FINDING\",\"title\":\"销售超过保质期的食品案\"}" | json 'j => j.id')
echo "   case $CASE"
call POST "/cases/$CASE/investigators" "$COORD" "{\"officerIds\":[\"$MARKET_ID\",\"$MARKET2_ID\"]}" > /dev/null
call POST "/cases/$CASE/proposal" "$MARKET" '{"facts":"当事人在后厨冷藏柜内存放超过保质期的食品3批次","evidence":["现场检查笔录","现场照片IMG_0001"],"legalBasis":"《中华人民共和国食品安全法》第三十四条第（十）项、第一百二十四条","penaltyKind":"罚款","fineAmount":2000}' > /dev/null
call POST "/cases/$CASE/legal-review" "$REVIEWER" '{"decision":"APPROVED","opinion":"事实清楚，证据确凿，同意"}' > /dev/null
# §44 notice served on the party, who waives statements in writing (§62), then the decision
call POST "/cases/$CASE/notice" "$MARKET" '{}' > /dev/null
call POST "/cases/$CASE/service" "$MARKET" "{\"document\":\"PRIOR_NOTICE\",\"method\":\"DIRECT\",\"servedAt\":\"$(date -u +%FT%TZ)\",\"recipient\":\"王老板\",\"receiptNumber\":\"SD-001\"}" > /dev/null
call POST "/cases/$CASE/waiver" "$MARKET" '{"partyRepresentative":"王老板","declaration":"自愿放弃陈述、申辩权利"}' > /dev/null
call POST "/cases/$CASE/decision" "$COORD" '{"decisionText":"对当事人罚款人民币贰仟元整"}' > /dev/null
call POST "/cases/$CASE/service" "$MARKET" "{\"document\":\"DECISION\",\"method\":\"DIRECT\",\"servedAt\":\"$(date -u +%FT%TZ)\",\"recipient\":\"王老板\",\"receiptNumber\":\"SD-002\"}" > /dev/null
call POST "/cases/$CASE/payments" "$MARKET" "{\"amount\":2000,\"paidOn\":\"$(TZ=Asia/Shanghai date +%F)\",\"receiptNumber\":\"FS-0001\",\"bank\":\"农业银行丰都支行\"}" > /dev/null
call POST "/cases/$CASE/close" "$COORD" '{"reason":"罚款已缴纳"}' | json 'j => "   case → " + j.status'
wait_status CLOSED
echo "6. 已办结（每个问题都有处理结果）"

echo "7. 年度统计"
call GET "/stats?year=${TODAY:0:4}" "$LEADER" | json 'j => JSON.stringify({ inspections: j.inspections, merging: j.merging }, null, 2)'
