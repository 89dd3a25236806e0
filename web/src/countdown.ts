/**
 * The 532 clocks counting down on the phone. The API gives each clock's time left when it
 * answers (timeLeftMs); the phone only subtracts the time elapsed since that answer, so a phone
 * whose own clock is wrong still shows the server's count.
 */
import { onMounted, onUnmounted, ref } from 'vue';

export function useTicker(intervalMs = 1000) {
  const now = ref(performance.now());
  let timer: ReturnType<typeof setInterval> | undefined;
  onMounted(() => (timer = setInterval(() => (now.value = performance.now()), intervalMs)));
  onUnmounted(() => clearInterval(timer));
  return now;
}

/** Milliseconds left now, from what the API said at `answeredAt` (performance.now() then). */
export function leftNow(timeLeftMs: number | null, answeredAt: number, now: number): number | null {
  return timeLeftMs === null ? null : timeLeftMs - (now - answeredAt);
}

/** 剩余 4:59, 剩余 1:05:00, or 已超时 2:10. */
export function describeLeft(ms: number): string {
  const total = Math.floor(Math.abs(ms) / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const clock = h > 0 ? `${h}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}` : `${m}:${String(s).padStart(2, '0')}`;
  return ms >= 0 ? `剩余 ${clock}` : `已超时 ${clock}`;
}
