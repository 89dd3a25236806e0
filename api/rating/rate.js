/* global document, window, fetch */
/**
 * The business's one-time rating page. No login: the token in the address (/rate/<token>) is
 * the only key. It reads the visit from the public API, lets the business pick 1—5 stars and
 * write an optional comment, and submits once. Text goes in as text, never as HTML.
 */
(function () {
  const $ = (id) => document.getElementById(id);
  const LABELS = ['', '很不满意', '不满意', '一般', '满意', '很满意'];
  const token = window.location.pathname.split('/').filter(Boolean).pop() || '';
  const api = `/api/public/ratings/${encodeURIComponent(token)}`;
  let score = 0;

  async function call(method, body) {
    const response = await fetch(api, {
      method,
      headers: body ? { 'content-type': 'application/json' } : {},
      body: body ? JSON.stringify(body) : undefined,
    });
    const data = await response.json().catch(() => ({}));
    return { status: response.status, data };
  }

  function message(data, fallback) {
    return (data && data.error && data.error.message) || fallback;
  }

  function drawStars() {
    const box = $('stars');
    for (let n = 1; n <= 5; n++) {
      const star = document.createElement('button');
      star.type = 'button';
      star.className = 'star';
      star.textContent = '★';
      star.dataset.score = String(n);
      star.setAttribute('aria-label', `${n}星：${LABELS[n]}`);
      star.setAttribute('aria-pressed', 'false');
      star.addEventListener('click', () => choose(n));
      box.append(star);
    }
  }

  function choose(n) {
    score = n;
    for (const star of document.querySelectorAll('.star')) {
      const on = Number(star.dataset.score) <= n;
      star.classList.toggle('on', on);
      star.setAttribute('aria-pressed', String(Number(star.dataset.score) === n));
    }
    $('score-label').textContent = `${n}星：${LABELS[n]}`;
    $('submit').disabled = false;
  }

  async function load() {
    const { status, data } = await call('GET');
    if (status !== 200) {
      $('status').textContent = message(data, '评价链接无效或已失效');
      $('status').className = 'error';
      return;
    }
    $('target').textContent = data.target.name;
    $('visit-date').textContent = data.visitDate;
    $('scenario').textContent = data.scenario;
    $('departments').textContent = data.departments.join('、');
    $('status').textContent = '请对本次联合检查作出评价，每个链接只能提交一次。';
    drawStars();
    $('visit').hidden = false;
  }

  $('comment').addEventListener('input', () => {
    $('count').textContent = String($('comment').value.length);
  });

  $('form').addEventListener('submit', async (event) => {
    event.preventDefault();
    if (score < 1) {
      $('error').textContent = '请先选择星级';
      return;
    }
    $('submit').disabled = true;
    $('error').textContent = '';
    const comment = $('comment').value.trim();
    try {
      const { status, data } = await call('POST', comment ? { score, comment } : { score });
      if (status === 201) {
        $('visit').hidden = true;
        $('status').hidden = true;
        $('thanks').hidden = false;
        return;
      }
      $('error').textContent = message(data, '提交失败，请稍后重试');
      // Already rated or expired: nothing more to do on this page.
      if (status !== 409 && status !== 410) $('submit').disabled = false;
    } catch {
      $('error').textContent = '网络异常，请检查网络后重试';
      $('submit').disabled = false;
    }
  });

  load().catch(() => {
    $('status').textContent = '网络异常，请稍后刷新页面重试';
    $('status').className = 'error';
  });
})();
