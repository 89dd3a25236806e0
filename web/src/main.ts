import { createApp } from 'vue';
import { createRouter, createWebHashHistory } from 'vue-router';
import {
  Button,
  Cell,
  Checkbox,
  CheckboxGroup,
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
    { path: '/plans/:id', component: () => import('./views/Plan.vue'), props: true },
    { path: '/login', component: Login },
    { path: '/visit/:id', component: Checklist, props: true },
    // Other roles' screens load on first use, so the inspector's shared chunk stays small.
    { path: '/reviews', component: () => import('./views/Reviews.vue') },
    { path: '/reviews/:id', component: () => import('./views/Review.vue'), props: true },
    { path: '/report', component: () => import('./views/Report.vue') },
    { path: '/events/:id', component: () => import('./views/Event.vue'), props: true },
    { path: '/board', component: () => import('./views/Board.vue') },
    { path: '/inbox', component: () => import('./views/Inbox.vue') },
    // The leader's dashboard carries ECharts: its own chunk, never the inspector's.
    { path: '/dashboard', component: () => import('./views/Dashboard.vue') },
    { path: '/decisions/:id', component: () => import('./views/Decision.vue'), props: true },
    { path: '/findings', component: () => import('./views/Findings.vue') },
    // The ADMIN's screens: a small menu, then one screen per register.
    { path: '/admin', component: () => import('./views/admin/Menu.vue') },
    { path: '/admin/officers', component: () => import('./views/admin/Officers.vue') },
    { path: '/admin/officers/new', component: () => import('./views/admin/Officer.vue') },
    { path: '/admin/officers/:id', component: () => import('./views/admin/Officer.vue'), props: true },
    { path: '/admin/businesses', component: () => import('./views/admin/Businesses.vue') },
    { path: '/admin/scenario-lists', component: () => import('./views/admin/ScenarioLists.vue') },
    { path: '/admin/calendar', component: () => import('./views/admin/Calendar.vue') },
    { path: '/admin/tokens', component: () => import('./views/admin/Tokens.vue') },
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
for (const component of [Button, Cell, Checkbox, CheckboxGroup, CellGroup, Collapse, CollapseItem, Empty, Field, Form, Loading, NavBar, NoticeBar, Radio, RadioGroup, Tabbar, TabbarItem, Tag]) app.use(component);
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
