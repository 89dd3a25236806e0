/* global document, window, fetch */
/**
 * The business's check of the officers at its door (亮码检查). No login: the signed code in the
 * address (/check/<token>) is the key. It asks the public API and shows the registered visit
 * (departments, items with their legal basis, officers' names and certificate numbers) or the
 * plain refusal (不是登记的检查 / expired / cancelled). Text goes in as text, never as HTML.
 */
(function () {
  const $ = (id) => document.getElementById(id);
  const token = window.location.pathname.split('/').filter(Boolean).pop() || '';
  const TITLES = { CHECK_CODE_NOT_REGISTERED: '不是登记的检查', CHECK_CODE_EXPIRED: '检查码已过期', CHECK_CODE_CANCELLED: '检查已取消' };

  function el(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined) node.textContent = text;
    if (className) node.className = className;
    return node;
  }

  function time(iso) {
    return new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });
  }

  function refuse(code, message) {
    $('status').hidden = true;
    $('refused-title').textContent = TITLES[code] || '无法核验';
    $('refused-message').textContent = message;
    $('refused').hidden = false;
  }

  function show(view) {
    $('status').hidden = true;
    $('business').textContent = view.business.name;
    $('visit-date').textContent = view.visitDate;
    $('scenario').textContent = view.scenario;
    $('status-label').textContent = view.statusLabel;
    $('scanned-at').textContent = time(view.checkIn.scannedAt);
    for (const officer of view.officers) {
      const li = el('li');
      li.append(el('strong', officer.name), el('span', ` 执法证号：${officer.certificateNo || '（无）'}`));
      $('officers').append(li);
    }
    for (const department of view.departments) {
      const box = el('div', undefined, 'department');
      box.append(el('h3', department.name));
      const list = el('ol');
      for (const item of department.items) {
        const li = el('li');
        li.append(el('span', item.title), el('small', `依据：${item.legalBasis}`));
        list.append(li);
      }
      box.append(list);
      $('departments').append(box);
    }
    $('visit').hidden = false;
    const after = view.afterVisit;
    if (!after) return;
    for (const department of after.results) {
      const box = el('div', undefined, 'department');
      box.append(el('h3', department.department));
      const list = el('ul');
      for (const item of department.items) list.append(el('li', `${item.title}：${item.outcomeLabel}`, item.outcome === 'NON_COMPLIANT' ? 'bad' : ''));
      box.append(list);
      $('results').append(box);
    }
    if (after.documents.length === 0) $('documents').append(el('li', '暂无'));
    for (const doc of after.documents) $('documents').append(el('li', `${doc.title} ${doc.number}（${doc.issuedOn}）`));
    $('rating').textContent = after.rating.message;
    if (after.rating.state === 'NOT_ISSUED') {
      $('rate').hidden = false;
      $('rate').addEventListener('click', rate);
    }
    $('after').hidden = false;
  }

  async function rate() {
    $('rate').disabled = true;
    const response = await fetch(`/api/public/check-codes/${encodeURIComponent(token)}/rating-link`, { method: 'POST' });
    const data = await response.json().catch(() => ({}));
    if (response.status === 201 && data.url) {
      window.location.assign(data.url);
      return;
    }
    $('rate-error').textContent = (data.error && data.error.message) || '暂时无法评价，请稍后再试';
    $('rate').disabled = false;
  }

  fetch(`/api/public/check-codes/${encodeURIComponent(token)}`)
    .then(async (response) => {
      const data = await response.json().catch(() => ({}));
      if (response.ok) return show(data);
      const error = (data && data.error) || {};
      refuse(error.code, error.message || '暂时无法核验，请稍后再试');
    })
    .catch(() => refuse('', '网络不通，暂时无法核验。请联网后重新扫码。'));
})();
