import { createApp } from 'vue';
import { createRouter, createWebHashHistory } from 'vue-router';
import {
  Button,
  Cell,
  CellGroup,
  Collapse,
  CollapseItem,
  Empty,
  Field,
  Form,
  Loading,
  NavBar,
  NoticeBar,
  Radio,
  RadioGroup,
  Tag,
} from 'vant';
import 'vant/lib/index.css';
import App from './App.vue';
import Checklist from './views/Checklist.vue';
import Login from './views/Login.vue';
import Visits from './views/Visits.vue';
import Worklist from './views/Worklist.vue';
import { flush, loadOutboxEntries, startOutbox } from './offline/outbox';
import { isActive, loadMe, session } from './session';

// Hash routes: every screen is the one cached index.html, also when opened offline.
const router = createRouter({
  history: createWebHashHistory(),
  routes: [
    { path: '/', component: Worklist },
    { path: '/worklist', component: Worklist },
    { path: '/visits', component: Visits },
    { path: '/login', component: Login },
    { path: '/visit/:id', component: Checklist, props: true },
  ],
});

router.beforeEach(async (to) => {
  if (!session.loaded) await loadMe();
  if (to.path !== '/login' && !isActive(session.me)) return '/login';
  // A department's inspector starts on the day's worklist; a coordinator on the week's visits.
  if (to.path === '/') {
    const roles = session.me?.officer.roles ?? [];
    return roles.includes('COORDINATOR') && !roles.includes('INSPECTOR') ? '/visits' : '/worklist';
  }
  return true;
});

const app = createApp(App);
for (const component of [Button, Cell, CellGroup, Collapse, CollapseItem, Empty, Field, Form, Loading, NavBar, NoticeBar, Radio, RadioGroup, Tag]) app.use(component);
app.use(router);

// After the first route: by then the guard has asked who is logged in.
void router
  .isReady()
  .then(loadOutboxEntries)
  .then(() => flush());
startOutbox(loadMe);
app.mount('#app');

if ('serviceWorker' in navigator && import.meta.env.PROD) {
  void navigator.serviceWorker.register('/app/sw.js', { scope: '/app/' });
}
