import './zodConfig';
import { createApp } from 'vue';
import { createPinia } from 'pinia';
import App from './App.vue';
import { connect } from './connect';
import './styles.css';

const pinia = createPinia();
createApp(App).use(pinia).mount('#app');
void connect(pinia);
