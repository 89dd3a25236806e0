/**
 * Every page usable with the keyboard (#14). Vant makes its clickable cells, tab bar items,
 * collapse titles and radios focusable (a tab stop and an ARIA role) but answers only clicks and
 * taps: here Enter and Space activate them as they would a button, and the arrow keys move the
 * choice within a radio group (WAI-ARIA's radio group pattern). The nav bar's 返回 / 退出 are plain
 * divs in Vant: they get the button role and a tab stop. Enter in a Vant field submits its form,
 * as in any text field: Vant's field swallows Enter unless it sits in a <van-form> (its
 * submit-on-enter), and the admin and plan screens use plain <form>s. One listener for the whole
 * app, so no view has to remember it.
 */
const ACTIVATES = '[role=button], [role=tab], [role=radio], [role=checkbox], [role=link]';
const NATIVE = 'button, a[href], input, textarea, select, summary';
const NAV_BUTTONS = '.van-nav-bar__left:not(.van-nav-bar__left--disabled), .van-nav-bar__right:not(.van-nav-bar__right--disabled)';
/** A Vant field's one-line input (a textarea takes Enter as a new line). */
const VANT_FIELD = 'input.van-field__control';
const STEPS: Record<string, number> = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 };

const usable = (el: Element) => el.getAttribute('aria-disabled') !== 'true' && !el.className.toString().includes('--disabled');

function onKeydown(event: KeyboardEvent) {
  const target = event.target;
  if (!(target instanceof HTMLElement) || event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return;
  if (event.key === 'Enter' && !event.isComposing && target instanceof HTMLInputElement && target.matches(VANT_FIELD) && target.form && !target.closest('.van-form')) {
    event.preventDefault(); // no keypress, so Vant has nothing to swallow and nothing submits twice
    target.form.requestSubmit();
    return;
  }
  if (target.matches(NATIVE)) return; // the browser already does it
  if ((event.key === 'Enter' || event.key === ' ') && target.matches(ACTIVATES)) {
    event.preventDefault(); // Space would scroll the page
    target.click();
    return;
  }
  const step = STEPS[event.key];
  const group = step && target.matches('[role=radio]') ? target.closest('[role=radiogroup]') : null;
  if (!group) return;
  const radios = [...group.querySelectorAll<HTMLElement>('[role=radio]')].filter(usable);
  if (radios.length === 0) return;
  event.preventDefault();
  const next = radios[(radios.indexOf(target) + step + radios.length) % radios.length];
  next.focus();
  next.click(); // in a radio group, the choice follows the focus
}

function tabStops(root: ParentNode) {
  for (const el of root.querySelectorAll<HTMLElement>(NAV_BUTTONS)) {
    if (el.hasAttribute('tabindex')) continue;
    el.setAttribute('role', 'button');
    el.tabIndex = 0;
  }
}

export function enableKeyboard(doc: Document = document) {
  doc.addEventListener('keydown', onKeydown);
  tabStops(doc);
  new MutationObserver(() => tabStops(doc)).observe(doc.body, { childList: true, subtree: true });
}
