module.exports = { klaviyo: { baseUrl: "https://a.klaviyo.com/api" } };
