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
  Tabbar,
  TabbarItem,
  Tag,
} from 'vant';
import 'vant/lib/index.css';
import './common.css';
import App from './App.vue';
import Checklist from './views/Checklist.vue';
import Login from './views/Login.vue';
import Visits from './views/Visits.vue';
import Worklist from './views/Worklist.vue';
import { flush, loadOutboxEntries, startOutbox } from './offline/outbox';
import { isActive, loadMe, session } from './session';
import { landingOf } from './screens';
import { enableKeyboard } from './keyboard';

// Hash routes: every screen is the one cached index.html, also when opened offline.
const router = createRouter({
  history: createWebHashHistory(),
  routes: [
    { path: '/', component: Worklist },
    { path: '/worklist', component: Worklist },
    { path: '/visits', component: Visits },
    { path: '/visits/new', component: () => import('./views/Schedule.vue') },
    { path: '/plans', component: () => import('./views/Plans.vue') },
    { path: '/login', component: Login },
    { path: '/visit/:id', component: Checklist, props: true },
    // Other roles' screens load on first use, so the inspector's shared chunk stays small.
    { path: '/reviews', component: () => import('./views/Reviews.vue') },
    { path: '/reviews/:id', component: () => import('./views/Review.vue'), props: true },
    { path: '/report', component: () => import('./views/Report.vue') },
    { path: '/events/:id', component: () => import('./views/Event.vue'), props: true },
    { path: '/board', component: () => import('./views/Board.vue') },
    { path: '/inbox', component: () => import('./views/Inbox.vue') },
  ],
});

router.beforeEach(async (to) => {
  if (!session.loaded) await loadMe();
  if (to.path !== '/login' && !isActive(session.me)) return '/login';
  // Each role lands on its own screen (an inspector on the day's worklist, a coordinator on the week's visits…).
  if (to.path === '/') return landingOf(session.me);
  return true;
});

const app = createApp(App);
for (const component of [Button, Cell, CellGroup, Collapse, CollapseItem, Empty, Field, Form, Loading, NavBar, NoticeBar, Radio, RadioGroup, Tabbar, TabbarItem, Tag]) app.use(component);
app.use(router);

// After the first route: by then the guard has asked who is logged in.
void router
  .isReady()
  .then(loadOutboxEntries)
  .then(() => flush());
startOutbox(loadMe);
enableKeyboard();
app.mount('#app');

if ('serviceWorker' in navigator && import.meta.env.PROD) {
  void navigator.serviceWorker.register('/app/sw.js', { scope: '/app/' });
}
