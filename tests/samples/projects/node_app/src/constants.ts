export const KLAVIYO_BASE = "https://a.klaviyo.com/api";
