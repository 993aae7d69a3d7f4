KLAVIYO_BASE_URL = "https://a.klaviyo.com/api"
SEGMENTS_URL = KLAVIYO_BASE_URL + "/segments/"
