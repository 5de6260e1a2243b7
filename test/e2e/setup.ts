/**
 * One connection per request. wrangler dev closes keep-alive connections idle for 5 s; on a loaded
 * machine a test could reuse one just as it closed and fail with "other side closed".
 */
import { Agent, setGlobalDispatcher } from "undici";

setGlobalDispatcher(new Agent({ pipelining: 0 }));
