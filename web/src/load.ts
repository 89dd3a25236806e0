/**
 * One way for a screen to read what it shows (#14's tidy-up): the call's answer, the API's refusal
 * in its own words, or — when the request never reached the server — the screen's own "无网络"
 * line; `loading` is true until the first answer. A failed reload keeps what was shown, so a
 * screen refreshed on a weak signal still shows the last list under its message. Only the latest
 * call's answer is kept: a slow answer to an earlier reload (a year changed twice, a refresh tick)
 * never overwrites a newer one.
 */
import { ref, type Ref } from 'vue';
import { apiError } from './api/client';

/** What openapi-fetch answers: the data, or the error body with the response. */
export interface Answer<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

export interface Load<T> {
  data: Ref<T | undefined>;
  loading: Ref<boolean>;
  message: Ref<string>;
  /** Calls again; resolves to the data when the call succeeded, undefined otherwise. */
  reload: () => Promise<T | undefined>;
}

export function useLoad<T>(call: () => Promise<Answer<T>>, offlineText: string): Load<T> {
  const data = ref<T>() as Ref<T | undefined>;
  const loading = ref(true);
  const message = ref('');
  let latest = 0;

  async function reload(): Promise<T | undefined> {
    const mine = ++latest;
    try {
      const answer = await call();
      if (mine !== latest) return undefined;
      if (answer.data !== undefined) {
        data.value = answer.data;
        message.value = '';
        return answer.data;
      }
      message.value = apiError(answer.response.status, answer.error).message;
    } catch {
      if (mine === latest) message.value = offlineText;
    } finally {
      if (mine === latest) loading.value = false;
    }
    return undefined;
  }

  return { data, loading, message, reload };
}
