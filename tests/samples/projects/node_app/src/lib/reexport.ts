export { KLAVIYO_BASE as BASE } from "../constants";
